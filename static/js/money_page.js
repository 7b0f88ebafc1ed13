// Entry module of the server-rendered pages with a money field (the organiser's round form).
import { attachMoneyPreviews } from "./money_field.js";

attachMoneyPreviews();
