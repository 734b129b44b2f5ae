"""Pages of the rosters app, one module per audience: ``participant`` (volunteers), ``manage``
(coordinators), ``roster`` (auto-rostering) and ``feeds`` (calendar and missions feeds);
``urls.py`` names the modules."""
