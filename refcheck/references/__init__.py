"""Reference lists: finding, splitting and parsing entries into fields."""
