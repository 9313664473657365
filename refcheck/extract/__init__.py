"""In-text citation extractors, one module per citation style."""
