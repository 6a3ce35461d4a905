package io.bgtasks.arguments;

/** An enum as a user writes one. */
public enum Color {
    RED, GREEN, BLUE
}
