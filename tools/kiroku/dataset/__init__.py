"""The archive as a dataset: tidy tables for pandas, polars, DuckDB and Hugging Face `datasets`."""
