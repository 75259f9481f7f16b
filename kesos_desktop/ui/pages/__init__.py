"""Main-window pages, one module (or package) per area; each is built the first time it is opened."""
