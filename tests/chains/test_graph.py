from pacesetter.chains.graph import dependents, downstream, find_cycle, segment_weights

DEPS = {"a": [], "b": [], "c": ["a", "b"], "d": ["c"], "e": []}


def test_downstream_is_transitive():
    assert downstream(DEPS) == {"a": {"c", "d"}, "b": {"c", "d"}, "c": {"d"}, "d": set(), "e": set()}
    assert dependents(DEPS)["a"] == ["c"]


def test_weights_count_downstream_and_double_critical():
    assert segment_weights(DEPS, {"b"}, 2.0) == {"a": 3, "b": 6, "c": 2, "d": 1, "e": 1}


def test_find_cycle():
    assert find_cycle(DEPS) is None
    cycle = find_cycle({"x": ["z"], "y": ["x"], "z": ["y"]})
    assert cycle is not None and cycle[0] == cycle[-1] and set(cycle) == {"x", "y", "z"}
    assert find_cycle({"x": ["x"]}) == ["x", "x"]
