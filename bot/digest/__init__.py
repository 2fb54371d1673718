"""The weekly tier digest and where it goes."""
