"""The floor: the cheapest realistic Django page, against which every scenario is compared.

One indexed lookup in a table of a million rows, rendered through a template, served by the same stack
(middleware, workers, database) as the platform. A page at ratio 0.5 costs twice what the floor does.
"""
