package io.portico.cp.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.cp.store.ListQuery;
import io.portico.cp.store.ResourcePage;
import io.portico.cp.store.ResourceStoreContract;
import io.portico.cp.store.UnreadableResourceException;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceMeta;
import io.portico.mesh.api.types.ResourceTypes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the SQL stores add to the contract: a row whose spec cannot be read as its type any more
 * (written by hand, or by an older version) costs that resource only. Listings leave it out and
 * keep their paging, a get names it, and it can still be replaced and deleted.
 */
abstract class JdbcStoreContract extends ResourceStoreContract {
  /** Writes a spec column directly, as a hand-made change or an older version would. */
  protected void writeRawSpec(String mesh, String name, String specJson) {
    try (Connection c = ((JdbcStore) store).dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE resources SET spec = ? WHERE type = ? AND mesh = ? AND name = ?")) {
      ps.setString(1, specJson);
      ps.setString(2, NOTE.name());
      ps.setString(3, mesh);
      ps.setString(4, name);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void fourNotesTheSecondUnreadable() {
    store.create(mesh("default"));
    for (String name : List.of("n1", "n2", "n3", "n4")) {
      store.create(note("default", name, name));
    }
    writeRawSpec("default", "n2", "{\"text\": 5}");
  }

  private static List<String> names(ResourcePage<?> page) {
    return page.items().stream().map(Resource::name).toList();
  }

  @Test
  void anUnreadableResourceIsLeftOutOfListingsWhichKeepTheirPaging() {
    fourNotesTheSecondUnreadable();

    ResourcePage<NoteSpec> all = store.list(NOTE, ListQuery.all());
    assertThat(names(all)).containsExactly("n1", "n3", "n4");
    assertThat(all.total()).isEqualTo(4);

    ResourcePage<NoteSpec> first = store.list(NOTE, new ListQuery("default", 0, 2));
    assertThat(names(first)).containsExactly("n1");
    assertThat(first.nextOffset()).isEqualTo(2);
    ResourcePage<NoteSpec> second = store.list(NOTE, new ListQuery("default", 2, 2));
    assertThat(names(second)).containsExactly("n3", "n4");
    assertThat(second.hasNext()).isFalse();
  }

  @Test
  void gettingAnUnreadableResourceNamesItsFieldAndKeepsItsMeta() {
    fourNotesTheSecondUnreadable();

    assertThatThrownBy(() -> store.get(NOTE, "default", "n2"))
        .isInstanceOfSatisfying(
            UnreadableResourceException.class,
            e -> {
              assertThat(e.key()).isEqualTo(key(NOTE, "default", "n2"));
              assertThat(e.meta().version()).isEqualTo(1);
              assertThat(e.meta().creationTime()).isNotNull();
              assertThat(e.reason())
                  .isEqualTo("text: expected a string but got the number 5: write it in quotes");
            });
  }

  @Test
  void anUnreadableResourceCanBeReplacedAndDeleted() {
    fourNotesTheSecondUnreadable();

    Resource<NoteSpec> replaced =
        store.update(
            note("default", "n2", "fixed")
                .withMeta(new ResourceMeta("default", "n2", 1, null, null)));
    assertThat(replaced.meta().version()).isEqualTo(2);
    assertThat(store.get(NOTE, "default", "n2").orElseThrow().spec().text()).isEqualTo("fixed");

    writeRawSpec("default", "n2", "{\"text\": [");
    store.delete(NOTE, "default", "n2");
    assertThat(store.get(NOTE, "default", "n2")).isEmpty();
  }

  @Test
  void deletingTheMeshDeletesItsUnreadableResources() {
    fourNotesTheSecondUnreadable();

    store.delete(ResourceTypes.MESH, "", "default");

    assertThat(store.list(NOTE, ListQuery.all()).total()).isZero();
  }
}
