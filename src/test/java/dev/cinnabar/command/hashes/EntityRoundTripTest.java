package dev.cinnabar.command.hashes;

import dev.cinnabar.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Spring Data Redis repositories do with {@code @RedisHash} entities, played through
 * Lettuce: each entity is a hash ({@code people:<id>}) written with HSET and read with
 * HGETALL, the ids are a set ({@code people}), each indexed property a set per value
 * ({@code people:city:<value>}), a finder intersects index sets with SINTER, and an update
 * or delete moves the id between index sets with SREM/SADD.
 */
class EntityRoundTripTest extends ServerTest {

    private record Person(String id, String name, String city, int age) {

        Map<String, String> toHash() {
            Map<String, String> hash = new LinkedHashMap<>();
            hash.put("_class", "dev.example.Person");
            hash.put("id", id);
            hash.put("name", name);
            hash.put("city", city);
            hash.put("age", Integer.toString(age));
            return hash;
        }

        static Person fromHash(Map<String, String> hash) {
            return new Person(hash.get("id"), hash.get("name"), hash.get("city"), Integer.parseInt(hash.get("age")));
        }
    }

    private void save(Person person) {
        Map<String, String> previous = redis.hgetall("people:" + person.id());
        if (!previous.isEmpty()) {
            redis.srem("people:city:" + previous.get("city"), person.id());
            redis.srem("people:age:" + previous.get("age"), person.id());
        }
        redis.del("people:" + person.id());
        redis.hset("people:" + person.id(), person.toHash());
        redis.sadd("people", person.id());
        redis.sadd("people:city:" + person.city(), person.id());
        redis.sadd("people:age:" + person.age(), person.id());
    }

    private Person findById(String id) {
        Map<String, String> hash = redis.hgetall("people:" + id);
        return hash.isEmpty() ? null : Person.fromHash(hash);
    }

    private List<Person> findByCityAndAge(String city, int age) {
        return redis.sinter("people:city:" + city, "people:age:" + age).stream().sorted().map(this::findById).toList();
    }

    private void delete(String id) {
        Person person = findById(id);
        redis.del("people:" + id);
        redis.srem("people", id);
        redis.srem("people:city:" + person.city(), id);
        redis.srem("people:age:" + person.age(), id);
    }

    @Test
    void entitiesAndTheirIndexesRoundTrip() {
        save(new Person("1", "Ada", "London", 36));
        save(new Person("2", "Alan", "London", 41));
        save(new Person("3", "Grace", "Arlington", 36));
        save(new Person("4", "Edsger", "London", 36));

        assertThat(findById("1")).isEqualTo(new Person("1", "Ada", "London", 36));
        assertThat(redis.hget("people:2", "_class")).isEqualTo("dev.example.Person");
        assertThat(redis.smembers("people")).containsExactlyInAnyOrder("1", "2", "3", "4");
        assertThat(findByCityAndAge("London", 36)).extracting(Person::name).containsExactly("Ada", "Edsger");

        save(new Person("4", "Edsger", "Austin", 72));
        assertThat(findByCityAndAge("London", 36)).extracting(Person::name).containsExactly("Ada");
        assertThat(redis.smembers("people:city:Austin")).containsExactly("4");

        delete("1");
        assertThat(findById("1")).isNull();
        assertThat(redis.exists("people:city:London")).isEqualTo(1);
        assertThat(redis.exists("people:age:36")).isEqualTo(1);
        delete("2");
        assertThat(redis.exists("people:city:London")).isZero();
        assertThat(findByCityAndAge("London", 36)).isEmpty();
        assertThat(redis.smembers("people")).containsExactlyInAnyOrder("3", "4");
        assertThat(redis.keys("people*").stream().collect(Collectors.toSet())).isEqualTo(Set.of("people",
                "people:3", "people:4", "people:city:Arlington", "people:city:Austin", "people:age:36",
                "people:age:72"));
    }

    @Test
    void manyEntitiesRoundTripThroughHashtableEncodings() {
        for (int i = 0; i < 700; i++) {
            save(new Person(Integer.toString(i), "name" + i, i % 2 == 0 ? "Even" : "Odd", i % 7));
        }
        assertThat(redis.scard("people")).isEqualTo(700);
        assertThat(redis.objectEncoding("people")).isEqualTo("hashtable");
        assertThat(redis.objectEncoding("people:1")).isEqualTo("listpack");
        assertThat(redis.sinter("people:city:Even", "people:age:0")).hasSize(50);
        assertThat(findById("699")).isEqualTo(new Person("699", "name699", "Odd", 699 % 7));
    }
}
