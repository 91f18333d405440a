"""The model core: units, the symbolic registry, the definition, generated code, Model."""
