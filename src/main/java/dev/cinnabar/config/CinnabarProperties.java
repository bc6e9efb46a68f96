package dev.cinnabar.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * Every start-up option of the server, bound from {@code cinnabar.*} properties. Defaults
 * are Redis's own; the Redis-style command line ({@code --port 6380}) is translated into
 * these properties before Spring starts.
 *
 * @param port                   TCP port of the RESP listener; 0 picks a free port
 * @param bind                   addresses to listen on; a leading '-' marks one that may be unavailable
 * @param databases              number of databases
 * @param dir                    working directory for data files; empty means the process's directory
 * @param dbfilename             RDB file name
 * @param replicaof              "host port" of the master, empty for a master
 * @param masterauth             password for the master
 * @param masteruser             user name for the master
 * @param requirepass            password of the default user, empty for none
 * @param appendonly             whether the append-only file is on
 * @param appenddirname          directory of the append-only files, inside {@code dir}
 * @param appendfilename         base name of the append-only files
 * @param appendfsync            always, everysec or no
 * @param save                   RDB save points, "seconds changes ..." pairs
 * @param maxclients             maximum number of connected clients
 * @param timeout                seconds after which an idle client is closed, 0 for never
 * @param tcpKeepalive           TCP keepalive seconds, 0 for off
 * @param protoMaxBulkLen        largest bulk string a request may carry, in bytes
 * @param clientQueryBufferLimit largest unprocessed request data per client, in bytes
 * @param hz                     frequency of background tasks such as active expiry
 * @param maxmemory              memory limit in bytes, 0 for none
 * @param maxmemoryPolicy        eviction policy
 * @param notifyKeyspaceEvents   keyspace notification classes
 */
@ConfigurationProperties("cinnabar")
public record CinnabarProperties(
        @DefaultValue("6379") int port,
        @DefaultValue({"127.0.0.1", "-::1"}) List<String> bind,
        @DefaultValue("16") int databases,
        @DefaultValue("") String dir,
        @DefaultValue("dump.rdb") String dbfilename,
        @DefaultValue("") String replicaof,
        @DefaultValue("") String masterauth,
        @DefaultValue("") String masteruser,
        @DefaultValue("") String requirepass,
        @DefaultValue("false") boolean appendonly,
        @DefaultValue("appendonlydir") String appenddirname,
        @DefaultValue("appendonly.aof") String appendfilename,
        @DefaultValue("everysec") String appendfsync,
        @DefaultValue("3600 1 300 100 60 10000") String save,
        @DefaultValue("10000") int maxclients,
        @DefaultValue("0") int timeout,
        @DefaultValue("300") int tcpKeepalive,
        @DefaultValue("536870912") long protoMaxBulkLen,
        @DefaultValue("1073741824") long clientQueryBufferLimit,
        @DefaultValue("10") int hz,
        @DefaultValue("0") long maxmemory,
        @DefaultValue("noeviction") String maxmemoryPolicy,
        @DefaultValue("") String notifyKeyspaceEvents) {
}
