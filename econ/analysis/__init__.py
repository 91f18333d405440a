"""Analysis: comparisons, decompositions, ensembles, sensitivity, figures."""
