"""Knowledge-base services: the only writers of articles, trees, runs and triage records."""
