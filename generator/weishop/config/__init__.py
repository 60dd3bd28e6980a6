"""shop.yml and front matter: YAML with line marks, field tables, validation."""
