package io.certworker.pipeline;

/** Told of every answer once the transaction that published it has committed, in publishing order. */
interface CommitListener {
    void committed(RecordAnswer answer);
}
