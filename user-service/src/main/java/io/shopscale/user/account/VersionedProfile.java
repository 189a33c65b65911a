package io.shopscale.user.account;

/** What the profile cache holds: the version lets a late write-through never replace a newer profile. */
record VersionedProfile(UserProfile profile, long version) {
}
