"""The ``marketo-ops`` command line: a thin click layer over the ``marketo_ops`` library."""
