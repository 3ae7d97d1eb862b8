"""The bilingual static site: plain markdown pages, assets and config that MkDocs renders."""
