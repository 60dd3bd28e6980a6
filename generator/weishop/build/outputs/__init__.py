"""Output stages: each turns the site into extra files (feeds, catalog, images, share cards)."""
