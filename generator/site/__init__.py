"""The team site: the computed model rendered as MkDocs Material pages.

pages.py turns the model into Markdown (templates in site_templates/, one typed context each from
context.py, charts from charts.py); plugin.py hands those pages to MkDocs as virtual files;
build.py builds the site (and decks) atomically for `successplans build`.
"""
