package dev.cinnabar.net;

/** What a connection is to replication, as CLIENT LIST's S and M flags show it. */
public enum ReplicationRole {
    /** An ordinary client. */
    CLIENT,
    /** A replica of this server, after its PSYNC: its output is the replication stream, replies to it are dropped. */
    REPLICA,
    /** The link to this server's master: its commands are the stream applied here. */
    MASTER
}
