"""Pages of the reports app, one module per audience: ``public`` (the map, the report form,
the follow-up page) and ``manage`` (the agents' queue and handling page); ``urls.py`` names
the modules."""
