"""Load the shipped chain taxonomy into the store (a ``DOMAIN_SEEDS`` step of ``init --demo``)."""

from __future__ import annotations

import duckdb

from pacesetter.chains.taxonomy import load_taxonomy
from pacesetter.store import chain_queries, lookups, transaction
from pacesetter.store.imports import insert_records
from pacesetter.store.seeding import delete_where_in


def seed_segments(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Replace the segments of the shipped chains with the taxonomy's (codes, chokepoints).

    Chains missing from the store (e.g. unidentified slots) are added, and chains and
    segments take the files' list order (``position``): from here on the store is the
    source of every diagnosis. Every row stays labelled authored. Returns
    ``{"segments (GB/T codes, authored)": rows written}``.
    """
    taxonomy = load_taxonomy()
    ids = list(taxonomy.chains)
    rows = [s.model_dump() for chain in taxonomy for s in chain.to_segments()]
    known = lookups.ids(con, "chains")
    new_chains = [c.to_chain().model_dump() for c in taxonomy if c.id not in known]
    with transaction(con):
        delete_where_in(con, "segments", "chain_id", ids)
        insert_records(con, "segments", rows, in_transaction=True)
        insert_records(con, "chains", new_chains, in_transaction=True)
        chain_queries.set_positions(con, "chains", {c.id: c.order for c in taxonomy})
        chain_queries.set_positions(con, "segments",
                                    {s.id: i for c in taxonomy for i, s in enumerate(c.segments)})
    return {"segments (GB/T codes, authored)": len(rows)}
