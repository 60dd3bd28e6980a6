"""Getting files into the output folder safely: outputs, spool, in-place update with journal, swap."""
