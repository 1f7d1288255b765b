"""One module per page: each has PATH, TITLE and `render(data, filters, params)`."""
