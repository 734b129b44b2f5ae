"""Showing a service's ValidationError on the HTML form that sent the data."""

from django.core.exceptions import ValidationError


def add_errors(form, error: ValidationError) -> None:
    """Put each message beside the field it names when the form has that field, otherwise at
    the top of the form, so the person sees what to fix and keeps what they typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
