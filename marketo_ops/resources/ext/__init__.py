"""Hand-written conveniences mixed into the generated resource classes.

A mixin is a subclass of :class:`~marketo_ops.resources._base.SyncResource` (or
:class:`~marketo_ops.resources._base.AsyncResource`) with methods that build on the generated
ones or on ``self._request``; it is attached to a generated class by naming it under the group's
``mixins:`` in ``tools/codegen/operations.yaml`` and regenerating. Mixins live here so that the
generator never overwrites them.

Attached so far:

* :mod:`.folders`: ``client.assets.folders.get_by_path``;
* :mod:`.leads`: ``client.leads.sync_all`` (batches of 300, per-record outcomes) and
  ``client.leads.get_by_filter_all`` (any number of filter values);
* :mod:`.activities`: ``client.activities.since`` and ``lead_changes_since`` (paging token from a
  date, then pages);
* :mod:`.campaigns`: ``client.campaigns.request`` and ``schedule_batch`` (plain lead ids and
  token mappings);
* :mod:`.bulk`: ``client.bulk.<area>.exports.run``/``download`` (queue waits, polling, streamed
  and verified downloads) and ``client.bulk.<area>.imports.run`` (files split under 10 MB,
  failures and warnings as rows).
"""
