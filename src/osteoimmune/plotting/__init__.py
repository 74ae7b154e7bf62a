"""Figures of simulation results, drawn without touching ``pyplot`` global state.

Example::

    import osteoimmune as oi
    from osteoimmune.plotting import overlay, standard_figure

    result = oi.simulate(oi.load_scenario("healthy"))
    standard_figure(result, "healthy.png")
"""

from osteoimmune.plotting.figures import PANELS, Panel, overlay, read_data, standard_figure

__all__ = ["PANELS", "Panel", "overlay", "read_data", "standard_figure"]
