"""What the site's pages are and how they are rendered: specs, theme, templates, SEO, orders, kits."""
