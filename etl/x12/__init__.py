"""X12 engine: 837P, 837I, 837D, 835, 999 and 277CA bytes in, Arrow tables out, no database.

    iter_batches(source, name=..., batch_rows=...) -> (table_name, RecordBatch)...
    parse(source, name=...) -> {table_name: Table}
    looks_like_x12(head) -> bool
    X12Error: the one exception for bad input (file, segment, segment_id, reason)

Tables and their columns are in `etl.x12.schemas`. `transaction_index` and
`claim_index` are 1-based ordinals within the file.
"""

from rcm.etl.x12.errors import X12Error
from rcm.etl.x12.reader import FileGroup, FileRows, iter_batches, parse
from rcm.etl.x12.tokenizer import looks_like_x12

__all__ = ["FileGroup", "FileRows", "X12Error", "iter_batches", "looks_like_x12", "parse"]
