"""Output stages: each turns the site into extra files (feeds, catalog, images, cards, posters)."""
