"""The seller's files read into a checked, frozen model: walk, image paths, Markdown, documents, entities."""
