"""Release language both ways: the grammar of Chinese statistical releases, their periods and
published precision, city wording profiles, and clauses composed into sentences."""
