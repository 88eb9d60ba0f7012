"""Registry: projects, parks, policies and tasks — lifecycle, lights, supervision, audit."""
