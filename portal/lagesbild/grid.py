"""The lägesbild's map grid: cells of about LAGESBILD_GRID_METRES over MAP_BOUNDS (used by
the daily counts as well as the pages, so it sits below both)."""
import math

from flask import current_app

METRES_PER_DEGREE = 111_320


def map_grid():
    """(south, west, cell height°, cell width°, rows, cols): cells of about
    LAGESBILD_GRID_METRES over MAP_BOUNDS."""
    south, west, north, east = current_app.config["MAP_BOUNDS"]
    metres = current_app.config["LAGESBILD_GRID_METRES"]
    dlat = metres / METRES_PER_DEGREE
    dlon = metres / (METRES_PER_DEGREE * math.cos(math.radians((south + north) / 2)))
    return (south, west, dlat, dlon, math.ceil((north - south) / dlat), math.ceil((east - west) / dlon))
