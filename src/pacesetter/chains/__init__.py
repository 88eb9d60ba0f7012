"""Industrial-chain maps: taxonomies, diagnostics of weak and missing links, resilience what-ifs."""
