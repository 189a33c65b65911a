package io.shopscale.user.account;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Roles as one comma-separated column in declaration order; a CHECK constraint keeps it to known roles. */
@Converter
class RolesConverter implements AttributeConverter<Set<Role>, String> {

  @Override
  public String convertToDatabaseColumn(Set<Role> roles) {
    return EnumSet.copyOf(roles).stream().map(Role::name).collect(Collectors.joining(","));
  }

  @Override
  public Set<Role> convertToEntityAttribute(String column) {
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    Arrays.stream(column.split(",")).map(Role::valueOf).forEach(roles::add);
    return roles;
  }
}
