"""Sphinx configuration of the ghgtrack documentation (API reference site).

Build: ``python -m sphinx -W --keep-going -b html docs build/docs`` (the
test ``tests/python/test_docs_build.py`` does this with warnings as errors).
The Python API comes from the installed package's docstrings (autodoc +
napoleon); the C++ API pages are written by hand (docs/api/cpp.md); the
notebooks in docs/notebooks are the tutorials, shown as they are stored
(myst-nb, execution off: tests/python/test_notebooks.py executes them).
"""

from __future__ import annotations

import ghgtrack

project = "ghgtrack"
author = "the ghgtrack authors"
copyright = "the ghgtrack authors"  # noqa: A001 (Sphinx's name)
release = ghgtrack.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "myst_nb",
]

# The Markdown pages and the notebooks (myst-nb registers .md and .ipynb).
root_doc = "index"
exclude_patterns = ["_build", "**/.ipynb_checkpoints", "dashboard-example.html"]
nb_execution_mode = "off"
myst_heading_anchors = 3
myst_enable_extensions = ["dollarmath"]

# autodoc: members in source order, type hints in the signature.
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"members": True, "undoc-members": True, "show-inheritance": False}
napoleon_google_docstring = True
napoleon_numpy_docstring = True

html_theme = "alabaster"
html_title = f"ghgtrack {release}"
html_static_path: list = []


# -- the submodule pages ---------------------------------------------------------
# ``.. ghgtrack-submodule:: uncertainty`` documents the public names of
# ghgtrack.uncertainty that the top-level package does not re-export (those
# are on the main API page already), so a name is documented once and a new
# public name appears without editing the page.


def _submodule_members(name: str) -> list:
    import importlib
    import inspect

    mod = importlib.import_module(f"ghgtrack.{name}")
    names = getattr(mod, "__all__", None)
    if names is None:
        names = [
            n
            for n, o in vars(mod).items()
            if not n.startswith("_")
            and (inspect.isfunction(o) or inspect.isclass(o))
            and getattr(o, "__module__", "") == mod.__name__
        ]
    top = set(ghgtrack.__all__)
    return [n for n in names if n not in top and not inspect.ismodule(getattr(mod, n, None))]


def setup(app):  # noqa: ANN001, ANN201 (Sphinx's hook)
    from sphinx.util.docutils import SphinxDirective

    class SubmoduleDirective(SphinxDirective):
        required_arguments = 1

        def run(self):  # noqa: ANN202
            name = self.arguments[0]
            members = _submodule_members(name)
            text = f".. automodule:: ghgtrack.{name}\n"
            text += f"   :members: {', '.join(members)}\n" if members else "   :no-members:\n"
            return self.parse_text_to_nodes(text)

    app.add_directive("ghgtrack-submodule", SubmoduleDirective)
    return {"parallel_read_safe": True}
