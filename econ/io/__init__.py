"""Reading and writing: TOML files, time paths, shipped resources, output folders."""
