package org.example.outside;

import java.io.Serializable;

/**
 * A class no served signature reaches, in a package none of theirs shares: the STRICT guard
 * refuses it unless serialize_allow lists it.
 */
public record Parcel(String label) implements Serializable {}
