"""Domain core: models, services, reference data, documents. Never imports Qt."""
