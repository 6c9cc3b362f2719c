"""The pipeline on a Ray cluster (``--engine ray``): Ray Data reads, maps and writes;
saidwho adds no scheduling of its own.

- :mod:`.read` lists inputs and reads them with saidwho's own readers, as read tasks;
- :mod:`.engine` connects, runs :func:`saidwho.pipeline.process_batch` (the local path's
  per-batch function) in an actor pool, and writes or streams the results back;
- :mod:`.tables` turns results into the store's tables, as Parquet partitioned by outlet
  and month (no Ray needed: the local engine writes the same files);
- :mod:`.blocks` carries records between the stages as Arrow blocks.

Nothing here is imported by the default (local) commands; it needs
``pip install 'saidwho[ray]'``.
"""
