"""Errors in framework, inspection and grading-rule files.

Every problem names the file and the line it is on. A file is read whole and every problem in it
is reported together; when there is any, nothing from the file is returned. The machinery is the
one every YAML file shares (:mod:`openpeel.yamlfile`); these are the names for these files.
"""

from __future__ import annotations

from openpeel.yamlfile import FileError, Problem, Problems

InputError = FileError  # the name this layer used before every YAML file shared one error family

__all__ = ["FrameworkFileError", "InputError", "InspectionFileError", "Problem", "Problems"]


class FrameworkFileError(FileError):
    """A framework file (or a grading-rules file) that cannot be used."""


class InspectionFileError(FileError):
    """An inspection (findings) file that cannot be used."""
