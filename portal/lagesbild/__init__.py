"""The lägesbild (situation picture): reports in figures for staff and the public."""
