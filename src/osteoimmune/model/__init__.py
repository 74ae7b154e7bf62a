"""osteoimmune subpackage."""
