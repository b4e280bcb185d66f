"""Knowledge base: articles and their search index."""
