package example.other;

/** Outside every signature, like Secret, but used where a looser guard lets it through. */
public class Harmless {
  private String note;

  public String getNote() {
    return note;
  }

  public void setNote(String note) {
    this.note = note;
  }
}
