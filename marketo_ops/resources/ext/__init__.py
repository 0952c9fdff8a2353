"""Hand-written conveniences mixed into the generated resource classes.

A mixin is a subclass of :class:`~marketo_ops.resources._base.SyncResource` (or
:class:`~marketo_ops.resources._base.AsyncResource`) with methods that build on the generated
ones or on ``self._request``; it is attached to a generated class by naming it under the group's
``mixins:`` in ``tools/codegen/operations.yaml`` and regenerating. Mixins live here so that the
generator never overwrites them.

Attached so far: :mod:`.folders` (``client.assets.folders.get_by_path``). Planned hook points
(``mixins:`` of the ``bulk.*.exports`` groups): streaming export downloads to disk.
"""
