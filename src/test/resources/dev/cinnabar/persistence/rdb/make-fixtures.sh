# How redis-7.0-all-types.rdb and redis-7.0-one-key.rdb were made with redis-server 7.0.15
#!/bin/bash
set -e
PORT=17901
DIR=$(mktemp -d)
redis-server --port $PORT --dir $DIR --dbfilename redis-7.0-all-types.rdb --save "" --daemonize yes --enable-debug-command yes --logfile $DIR/log
sleep 0.5
c() { redis-cli -p $PORT "$@" >/dev/null; }
c flushall
# strings
c set str:short hello
c set str:int 12345
c set str:negint -42
c set str:bigint 9223372036854775807
c set str:int32 2147483647
c set str:float 3.14159
c set str:empty ""
c set str:lzf "$(printf 'abcabcabc%.0s' {1..50})"
c set str:binary "$(printf '\x01\x02\xff')"
c set str:ttl v PXAT 4102444800000
# lists
c rpush list:small a b c 1 2 300 -5 70000 4294967296 "hello world"
for i in $(seq 1 3000); do echo "RPUSH list:big element-$i-$(printf 'x%.0s' $(seq 1 $((i % 20))))"; done | redis-cli -p $PORT >/dev/null
for i in $(seq 1 200); do echo "RPUSH list:ints $((i * 1000 - 100000))"; done | redis-cli -p $PORT >/dev/null
# sets
c sadd set:intset 1 2 3 -100 65536 4294967296
c sadd set:strings a b c d
for i in $(seq 1 600); do echo "SADD set:bigints $i"; done | redis-cli -p $PORT >/dev/null
for i in $(seq 1 1000); do echo "SADD set:big member-$i"; done | redis-cli -p $PORT >/dev/null
# sorted sets
c zadd zset:small 1 a 2.5 b -3 c inf d -inf e 0 f 100 g
for i in $(seq 1 500); do echo "ZADD zset:big $i.25 member-$i"; done | redis-cli -p $PORT >/dev/null
# hashes
c hset hash:small f1 v1 f2 2 f3 "" num 123456789
for i in $(seq 1 1000); do echo "HSET hash:big field-$i value-$i"; done | redis-cli -p $PORT >/dev/null
c hset hash:longvalue f "$(printf 'y%.0s' {1..100})"
# streams
c xadd stream:plain 1-1 a 1 b 2
c xadd stream:plain 1-2 a 3 b 4
c xadd stream:plain 2-0 c 5
c xadd stream:plain 3-0 a 1 b 2
c xdel stream:plain 1-2
for i in $(seq 1 250); do echo "XADD stream:big $((1000 + i))-0 f $i g value-$i"; done | redis-cli -p $PORT >/dev/null
c xgroup create stream:big g1 0
c xgroup create stream:big g2 '$'
c xreadgroup group g1 alice count 3 streams stream:big '>'
c xreadgroup group g1 bob count 2 streams stream:big '>'
c xack stream:big g1 1001-0
c xgroup createconsumer stream:big g1 carol
c xadd stream:empty 5-5 f v
c xdel stream:empty 5-5
c xgroup create stream:empty g '$'
# expiries
c set exp:ms v PX 100000000
c hset exp:hash f v
c pexpireat exp:hash 4102444800123
# other dbs
c -n 1 set db1:key one
c -n 1 rpush db1:list x y
c -n 3 set db3:key three PX 999999999
c -n 15 sadd db15:set q
# expired key kept in the file
c debug set-active-expire 0
c set exp:gone v PX 1
sleep 0.1
c save
redis-cli -p $PORT dbsize
redis-cli -p $PORT shutdown nosave || true
cp $DIR/redis-7.0-all-types.rdb .
# small file for byte-exact look
DIR2=$(mktemp -d)
redis-server --port $PORT --dir $DIR2 --dbfilename redis-7.0-one-key.rdb --save "" --daemonize yes --logfile $DIR2/log
sleep 0.5
c set mykey myval
c save
redis-cli -p $PORT shutdown nosave || true
cp $DIR2/redis-7.0-one-key.rdb .
