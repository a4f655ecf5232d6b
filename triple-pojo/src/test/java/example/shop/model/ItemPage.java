package example.shop.model;

/** Binds Page's T in its extends clause. */
public class ItemPage extends Page<Item> {
  public String label;
}
