"""Pages of the consultations app, one module per audience: ``public`` (consultations, answering,
results), ``proposals`` (proposals, comments, supports) and ``manage`` (the back-office);
``urls.py`` names the modules."""
