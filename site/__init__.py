"""The host site of Camino, installed under the import name `camino` (the folder is `site/`)."""
