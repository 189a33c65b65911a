package io.shopscale.user.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.shopscale.platform.ids.Uuid7;
import org.springframework.data.domain.AbstractAggregateRoot;

/** A user account. Its version is the optimistic lock and orders the profile's cache entries. */
@Entity
@Table(name = "users")
class User extends AbstractAggregateRoot<User> {

  @Id
  private UUID id;
  private String email;
  @Column(name = "password_hash")
  private String passwordHash;
  private String name;
  @Enumerated(EnumType.STRING)
  private Tier tier;
  @Convert(converter = RolesConverter.class)
  private Set<Role> roles;
  @Version
  private long version;
  @Column(name = "created_at")
  private Instant createdAt;
  @Column(name = "updated_at")
  private Instant updatedAt;
  private boolean disabled;

  protected User() {
    // for JPA
  }

  /** {@code email} is already normalised and {@code passwordHash} already computed: neither happens here. */
  static User register(String email, String passwordHash, String name, Set<Role> roles, Instant now) {
    User user = new User();
    user.id = Uuid7.next();
    user.email = email;
    user.passwordHash = passwordHash;
    user.name = name;
    user.tier = Tier.FREE;
    user.roles = EnumSet.copyOf(roles);
    user.createdAt = now;
    user.updatedAt = now;
    // published on save(), inside the registering transaction
    return user.andEvent(new Registered(user.id, email, name));
  }

  void rename(String newName, Instant now) {
    name = newName;
    updatedAt = now;
  }

  void changeTier(Tier newTier, Instant now) {
    tier = newTier;
    updatedAt = now;
  }

  void changeRoles(Set<Role> newRoles, Instant now) {
    // a new set, never a mutation: the converted column is compared by value when Hibernate checks for changes
    roles = EnumSet.copyOf(newRoles);
    updatedAt = now;
  }

  /** The same password, hashed with today's parameters. */
  void replacePasswordHash(String newHash, Instant now) {
    passwordHash = newHash;
    updatedAt = now;
  }

  /** Logins and refreshes are refused from now on; the event revokes every refresh token in this transaction. */
  void disable(Instant now) {
    disabled = true;
    updatedAt = now;
    andEvent(new AccountDisabled(id));
  }

  void enable(Instant now) {
    disabled = false;
    updatedAt = now;
  }

  boolean disabled() {
    return disabled;
  }

  String passwordHash() {
    return passwordHash;
  }

  VersionedProfile view() {
    return new VersionedProfile(new UserProfile(id, email, name, tier, new ArrayList<>(EnumSet.copyOf(roles)),
        createdAt, disabled), version);
  }

  /** Internal domain event; the integration event {@code UserRegistered} is derived from it. */
  record Registered(UUID userId, String email, String name) {
  }
}
